"""deploy/nginx/waymark.conf.template run by Debian's nginx, as the official nginx image
runs it: for tests/test_proxy.py and `make bench-load`."""

import contextlib
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy/nginx/waymark.conf.template"
# What the image's own nginx.conf holds around conf.d/, with a folder of our own for paths.
MAIN = """
%(user)s
worker_processes %(workers)d;
pid %(folder)s/nginx.pid;
error_log %(folder)s/error.log;
daemon off;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path %(folder)s/body;
    proxy_temp_path %(folder)s/proxy;
    fastcgi_temp_path %(folder)s/fastcgi;
    uwsgi_temp_path %(folder)s/uwsgi;
    scgi_temp_path %(folder)s/scgi;
    include %(folder)s/waymark.conf;
}
"""


def render(values):
    """The template with ${NAME} filled in as the image's envsubst does; nginx's own
    $variables are left alone."""
    return re.sub(r"\$\{(\w+)\}", lambda match: values[match.group(1)], TEMPLATE.read_text())


@contextlib.contextmanager
def deploy_nginx(folder, upstream, static_root, port, workers=1):
    """nginx with Waymark's configuration in front of `upstream` (host:port): its origin.
    `folder` holds its files and cache; it must be readable by nginx's workers."""
    folder = Path(folder)
    values = {
        "WAYMARK_UPSTREAM": upstream,
        "WAYMARK_STATIC_ROOT": str(static_root),
        "NGINX_CACHE_DIR": str(folder / "cache"),
        "NGINX_LISTEN": f"127.0.0.1:{port}",
    }
    (folder / "waymark.conf").write_text(render(values))
    # Run by root (as here), workers would be "nobody", who cannot read temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(MAIN % {"folder": folder, "user": user, "workers": workers})
    subprocess.run(["nginx", "-t", "-q", "-c", str(conf)], check=True)
    server = subprocess.Popen(["nginx", "-c", str(conf)])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(40):
            if server.poll() is not None:
                raise RuntimeError(f"nginx exited: {(folder / 'error.log').read_text()}")
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
