"""ipoffice: the platform of an intellectual-property office and its local bureaus."""

__version__ = "0.1.0"
