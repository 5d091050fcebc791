"""Reference data: the jurisdictions, federal bodies and the roster of Attorneys General that extraction and mapping anchor on."""
