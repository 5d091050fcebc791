"""RDF mapping: facts to graphs, the IRI layout, the dataset description, links between releases, statistics, and facts read back."""
