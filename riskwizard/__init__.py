"""riskwizard: HIPAA Security Rule risk analysis for small medical practices."""

__version__ = "0.1.0"
