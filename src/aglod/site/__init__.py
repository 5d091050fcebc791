"""The parts of ``aglod publish`` (``publishing.py`` composes them): the build read back
(``source``), per-resource documents (``documents``), what the pages show (``model``,
``charts``, ``vocab``), the pages (``pages``), the dataset description (``catalog``),
server configuration (``servers``) and the folder written atomically (``output``)."""
