"""One module per `warmth` verb: add_arguments(parser) and run(args) -> exit code."""
