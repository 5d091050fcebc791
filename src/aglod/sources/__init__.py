"""Sources: input files (plain text, office HTML pages, JSON Lines feeds) read into ``Release`` records."""
