// Interface strings in Arabic and English, and labels for PLOVER types and modalities.
"use strict";
window.RASD_I18N = {
  ar: {
    search: "بحث في النص", type: "نوع الحدث", mode: "الأسلوب", country: "البلد", admin1: "المحافظة",
    actor: "الفاعل", modality: "درجة اليقين", outlet: "المصدر الإعلامي", from: "من", to: "إلى",
    reset: "إعادة الضبط", timeline: "الخط الزمني", per_day: "يومياً", per_week: "أسبوعياً", per_month: "شهرياً",
    events: "الأحداث", more: "المزيد", all: "الكل", download_csv: "تنزيل CSV", download_geojson: "تنزيل GeoJSON",
    api_docs: "واجهة البرمجة", map_area: "منطقة من الخريطة", clear: "إلغاء", show_here: "أحداث هذا المكان",
    n_events: "حدث", of: "من", loading: "جارٍ التحميل…", error: "خطأ", no_events: "لا أحداث تطابق المرشحات",
    back: "رجوع إلى القائمة", article: "نص المقال", claims: "روايات المصادر جنباً إلى جنب", place: "المكان",
    date: "التاريخ", killed: "قتلى", injured: "جرحى", captured: "أسرى/معتقلون", sources: "المصادر المنسوب إليها",
    actors: "الفاعلون", recipients: "المستهدفون", evidence: "الدليل", published: "تاريخ النشر", this_report: "هذا التقرير",
    stats: "{events} حدثاً في {articles} مقالاً", none: "—", incident: "حادثة", reports: "تقارير",
    contradictions: "تناقضات", not_found: "غير موجود", week_of: "أسبوع", trigger: "كلمة الحدث", open_article: "فتح",
    legend: "مفتاح التظليل", incidents: "الحوادث (تقارير مدموجة)",
    eventivity: "احتمال أنه حدث محدد يرويه المقال",
    eventivity_help: "احتمال النموذج أن هذا حدث محدد وقع، لا هدف ولا عادة ولا خلفية قديمة (معايَر على مقالات لم يُدرَّب عليها)",
  },
  en: {
    search: "Search text", type: "Event type", mode: "Mode", country: "Country", admin1: "Province",
    actor: "Actor", modality: "Modality", outlet: "Outlet", from: "From", to: "To",
    reset: "Reset", timeline: "Timeline", per_day: "per day", per_week: "per week", per_month: "per month",
    events: "Events", more: "More", all: "All", download_csv: "Download CSV", download_geojson: "Download GeoJSON",
    api_docs: "API", map_area: "Map area", clear: "clear", show_here: "Events at this place",
    n_events: "events", of: "of", loading: "Loading…", error: "Error", no_events: "No events match the filters",
    back: "Back to the list", article: "Article text", claims: "Each outlet's claims side by side", place: "Place",
    date: "Date", killed: "Killed", injured: "Injured", captured: "Captured", sources: "Attributed to",
    actors: "Actors", recipients: "Recipients", evidence: "Evidence", published: "Published", this_report: "this report",
    stats: "{events} events in {articles} articles", none: "—", incident: "Incident", reports: "reports",
    contradictions: "Contradictions", not_found: "Not found", week_of: "week of", trigger: "trigger", open_article: "open",
    legend: "Highlight key", incidents: "Incidents (fused reports)",
    eventivity: "Likelihood it is a reported happening",
    eventivity_help: "The model's probability that this is a specific happening, not an aim, a habit or old background (calibrated on articles it was not trained on)",
  },
  types: {
    AGREE: "اتفاق", CONSULT: "تشاور", SUPPORT: "دعم", CONCEDE: "تنازل", COOPERATE: "تعاون", AID: "مساعدة",
    RETREAT: "انسحاب", REQUEST: "طلب", ACCUSE: "اتهام", REJECT: "رفض", THREATEN: "تهديد", PROTEST: "احتجاج",
    SANCTION: "عقوبات", MOBILIZE: "تعبئة", COERCE: "إكراه", ASSAULT: "اعتداء",
  },
  modalities: {
    asserted: "مؤكَّد", reported: "منقول", alleged: "مزعوم", speculative: "تخميني", denied: "منفي", future: "مستقبلي",
  },
};
