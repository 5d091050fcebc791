"""The build machinery: the per-release steps and their cache, the streamed build over worker processes, the build folder's state, splicing and locks.

Named ``pipeline`` rather than ``build`` so that the subpackage never shadows the library function ``aglod.build``."""
