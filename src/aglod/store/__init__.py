"""Stores: the embedded Oxigraph store, loading into remote SPARQL 1.1 servers, saved queries, and the read-only endpoint ``aglod serve`` runs."""
