"""Settings package.

The scheme: ``base`` holds everything and reads the environment; ``local`` (the default of
``manage.py``, used by ``make run``) adds developer comforts; ``test`` makes the suite fast and
hermetic; ``production`` only tightens. Choose one with ``DJANGO_SETTINGS_MODULE``. No secret is
ever written in these files: secrets come from the environment (or, for ``local`` only, from a
random key generated once under ``var/``).
"""
