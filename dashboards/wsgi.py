"""The dashboard as a WSGI application, for gunicorn: `gunicorn dashboards.wsgi:server`.

The warehouse comes from JANSEWA_WAREHOUSE (the app reads the snapshot published beside
it). Each gunicorn worker imports this module once and serves many requests from it.
"""

from dashboards.app import create_app
from warehouse.settings import resolve_warehouse

app = create_app(resolve_warehouse().absolute())
server = app.server
