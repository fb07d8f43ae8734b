"""WSGI entry point (gunicorn config.wsgi; ``runserver`` loads it too, through WSGI_APPLICATION).

The sentence encoder is loaded here, when the web process starts, rather than on the first search
(which otherwise waited seconds for it). Management commands, the task worker and the tests never
import this module, so they do not pay for it. ``HUB_ENCODER_WARM_UP = False`` turns it off.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

if getattr(settings, "HUB_ENCODER_WARM_UP", True):
    from search.encoders import warm_up

    warm_up()
