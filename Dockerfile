# Waymark production image: gunicorn serving cms.wsgi with cms.settings.production.
# Build stage installs dependencies into a virtualenv; the runtime stage copies it and runs
# as an unprivileged user.

FROM python:3.12-slim-bookworm AS builder
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.lock ./
# --no-deps: the lock holds every package Waymark uses, and nothing else is wanted.
RUN pip install --no-deps --require-hashes -r requirements.lock


FROM python:3.12-slim-bookworm AS runtime
RUN useradd --create-home --uid 10001 waymark
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    PORT=8000 \
    MEDIA_ROOT=/app/media \
    OPENBLAS_NUM_THREADS=1 \
    GUNICORN_CMD_ARGS="--workers 3 --threads 2 --timeout 30 --graceful-timeout 20 --max-requests 20000 --max-requests-jitter 2000"
# Each worker thread reads a query's meaning on one thread (numpy's BLAS, search/encoder.py):
# the workers already keep the cores busy. Workers are recycled as a guard against leaks, but
# rarely: cached pages are answered at over a thousand a second, and a worker restarting
# every few seconds made the slowest 5% of them wait for it (make bench-load, cached pages:
# p95 416 ms at --max-requests 2000, 32 ms at 20000).
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY --chown=waymark:waymark . .
# collectstatic and compile_translations need settings that import cleanly; these build-time
# values are never used to serve.
RUN export SECRET_KEY=build-only ALLOWED_HOSTS=localhost CACHE_URL=redis://localhost \
    && python manage.py collectstatic --noinput \
    && python manage.py compile_translations \
    && mkdir -p /app/media && chown waymark:waymark /app/media
USER waymark
EXPOSE 8000
# /healthz says the process is alive; /readyz, which load balancers should use, also says
# the database, cache, migrations and search engine are (home/health.py).
HEALTHCHECK --interval=30s --timeout=3s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=2)"]
# No access log: it would record search terms in URLs. Migrations are a release step, run
# once from this image before new replicas start (`python manage.py migrate`), never by
# each replica: several would race. Until they have run, /readyz answers 503. Run the task
# worker (search index updates) as a second container, `python manage.py db_worker`, and the
# scheduler as a third, `python manage.py run_scheduler` (several are safe).
CMD ["sh", "-c", "exec gunicorn cms.wsgi:application --bind 0.0.0.0:${PORT}"]
