"""The learner credential wallet: Open Badges 3.0 and CLR 2.0, held by the learner."""

__version__ = "0.1.0"
