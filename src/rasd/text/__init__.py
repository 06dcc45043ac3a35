"""Arabic text layer: normalisation with an offset map, sentences, tokens, numbers, dates."""
