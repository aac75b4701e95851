"""routedeck: edit and simulate the model.routes table of a Hermes-style agent config."""

__version__ = "0.1.0"
