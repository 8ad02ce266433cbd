"""The dashboard as a WSGI application, for gunicorn: `gunicorn dashboards.wsgi:server`.

The warehouse comes from JANSEWA_WAREHOUSE (the app reads the snapshot published beside
it). Each gunicorn worker imports this module once, readies itself (dashboards/warm.py)
and serves many requests from it.
"""

from dashboards.app import create_app
from dashboards.warm import warm_up
from warehouse.settings import resolve_warehouse

WAREHOUSE = resolve_warehouse().absolute()
app = create_app(WAREHOUSE)
server = app.server
warm_up(WAREHOUSE)  # the first officials after a restart do not wait for lazy set-up
