"""warmth: 送温暖 campaign reporting as data, checks, workbooks and a site."""

__version__ = "0.1.0"
