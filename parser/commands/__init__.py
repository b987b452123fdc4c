"""CLI subcommands, one module each, imported lazily by `cli.LazyGroup`."""
