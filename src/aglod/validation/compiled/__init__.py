"""The compiled SHACL validator: the bundled shapes compiled once into Python checks whose reports equal pySHACL's (see ``docs/architecture.md``)."""
