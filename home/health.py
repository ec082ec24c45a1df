"""/healthz and /readyz, for load balancers and orchestrators.

Answered first, before any other middleware: a probe may come over plain HTTP to the
machine's own address, which the site's HTTPS redirect and ALLOWED_HOSTS would refuse.
Both are cheap, never cached, set no cookie, and say nothing but which dependency is not
ready: no versions, hosts or error messages.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from search.backends import engine_state


def database_ready():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True


def cache_ready():
    cache.set("waymark:readyz", 1, 10)
    return cache.get("waymark:readyz") == 1


_migrated = False


def migrations_ready():
    """Every migration of this code applied (remembered once true: only new code, in a new
    process, can bring new ones)."""
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def readiness():
    """Each dependency: "ok", "failing" or (the search engine, when none is configured)
    "not used"."""
    checks = {"database": database_ready, "cache": cache_ready, "migrations": migrations_ready}
    states = {}
    for name, check in checks.items():
        try:
            states[name] = "ok" if check() else "failing"
        except (DatabaseError, OSError):
            states[name] = "failing"
    states["search"] = engine_state()
    return states


def probe(status, body):
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """/healthz: the process is alive. /readyz: it can serve (database, cache, migrations,
    and the search engine when one is configured); 503 when not."""

    PATHS = {"/healthz", "/readyz"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path not in self.PATHS:
            return self.get_response(request)
        if path == "/healthz":
            return probe(200, {"status": "alive"})
        checks = readiness()
        if all(state != "failing" for state in checks.values()):
            return probe(200, {"status": "ready", "checks": checks})
        return probe(503, {"status": "not ready", "checks": checks})
