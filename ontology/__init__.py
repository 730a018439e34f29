"""The SCP ontology: the edited Turtle source, its generated namespace module and its checks."""
