"""Reading SEARCH_URL. Kept free of Django imports so settings can use it.

    opensearch://localhost:9200                      OpenSearch 2.x/3.x over HTTP
    opensearch://user:secret@search.example:443?tls=true
    opensearch://node1:9200,node2:9200,node3:9200    a cluster: each node can answer
    elasticsearch://localhost:9200?index=waymark     Elasticsearch 8/9
    …&verify_certs=false  …&ca_certs=/path/ca.pem  …&timeout=0.5  …&replicas=1

Unset or empty means no engine: the database does everything.
"""

from importlib.metadata import version
from urllib.parse import parse_qs, unquote, urlsplit

ENGINES = {"opensearch", "elasticsearch"}
TRUE = {"1", "true", "yes", "on"}


class SearchURLError(ValueError):
    pass


def parse_search_url(url):
    if not url:
        return {"engine": None}
    parts = urlsplit(url)
    if parts.scheme not in ENGINES:
        raise SearchURLError(
            f"SEARCH_URL must start with opensearch:// or elasticsearch://, not {parts.scheme}://"
        )
    credentials, _, hosts = parts.netloc.rpartition("@")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    scheme = "https" if options.get("tls", "").lower() in TRUE else "http"
    urls = [f"{scheme}://{host_and_port(host)}" for host in hosts.split(",")]
    replicas = options.get("replicas", "1" if len(urls) > 1 else "0")
    if not replicas.isdigit():
        raise SearchURLError(f"SEARCH_URL's replicas must be a whole number, not {replicas!r}")
    config = {
        "engine": parts.scheme,
        "urls": urls,
        "index": options.get("index", "waymark-resources"),
        # Each shard's copies on other nodes, so that the index survives losing a node.
        "replicas": int(replicas),
        "timeout": float(options.get("timeout", "2")),
        "verify_certs": options.get("verify_certs", "true").lower() in TRUE,
        "ca_certs": options.get("ca_certs"),
        "http_auth": None,
    }
    if credentials:
        username, _, password = credentials.partition(":")
        config["http_auth"] = (unquote(username), unquote(password))
    return config


def host_and_port(host):
    """One node's "host:port" from SEARCH_URL, the port 9200 unless given."""
    name, colon, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not colon:
        name, port = host, "9200"
    if not name or not port.isdigit():
        raise SearchURLError(
            f"SEARCH_URL needs hosts like opensearch://localhost:9200, not {host or 'nothing'}"
        )
    return f"{name}:{port}"


def wagtail_search_backend(config):
    """Wagtail's page index (admin search) on the modelsearch backend matching the engine."""
    if not config["engine"]:
        return {"BACKEND": "search.backends.page_index"}
    # modelsearch has one backend per major version of the client library, which decides
    # how the client is called (opensearch-py 3 takes keyword arguments only).
    client = {"opensearch": "opensearch-py", "elasticsearch": "elasticsearch"}[config["engine"]]
    backend = f"wagtail.search.backends.{config['engine']}{version(client).split('.')[0]}"
    options = {"verify_certs": config["verify_certs"]}
    if config["ca_certs"]:
        options["ca_certs"] = config["ca_certs"]
    if config["http_auth"]:
        options["http_auth"] = config["http_auth"]
    return {
        "BACKEND": backend,
        "URLS": config["urls"],
        "INDEX_PREFIX": f"{config['index']}-",
        "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": config["replicas"]}}},
        "TIMEOUT": max(1, int(config["timeout"])),
        "OPTIONS": options,
    }
