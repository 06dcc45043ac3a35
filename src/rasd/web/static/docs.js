// The OpenAPI page: Swagger UI from the bundled swagger-ui-dist, reading this server's /openapi.json.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
