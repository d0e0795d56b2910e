"""deploy/nginx.conf run as it is written, with only what differs on a test machine replaced:
its ports, the site's name, the certificate (a self-signed one made here) and nginx's own
files in a temporary folder. Each replacement must find its text, so the example cannot drift
from what is tested."""

import os
import shutil
import subprocess
from pathlib import Path

from tests.deploy.production import NGINX_PORT, ROOT

EXAMPLE = ROOT / "deploy" / "nginx.conf"
SITE = "localhost"


def nginx() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def self_signed_certificate(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway certificate authority and the site's certificate signed by it (Python 3.13
    checks certificates strictly: a lone self-signed one is refused); returns the site's
    certificate, its key and the authority's certificate for the client to trust."""
    ca, ca_key = folder / "ca.pem", folder / "ca-key.pem"
    cert, key, request = folder / "fullchain.pem", folder / "privkey.pem", folder / "site.csr"
    extensions = folder / "site.ext"
    extensions.write_text(
        f"subjectAltName=DNS:{SITE}\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    for command in (
        [
            *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=Test CA", "-addext", "keyUsage=critical,keyCertSign,cRLSign"),
            *("-keyout", str(ca_key), "-out", str(ca)),
        ],
        [
            *("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={SITE}"),
            *("-keyout", str(key), "-out", str(request)),
        ],
        [
            *("x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key)),
            *("-CAcreateserial", "-days", "1", "-extfile", str(extensions), "-out", str(cert)),
        ],
    ):
        subprocess.run(["openssl", *command], check=True, capture_output=True)
    return cert, key, ca


def site_config(*, gunicorn_port: int, http_port: int, cert: Path, key: Path) -> str:
    text = EXAMPLE.read_text()
    replacements = [
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{NGINX_PORT} ssl http2;"),
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{gunicorn_port};"),
        ("server_name tip.example.gov;", f"server_name {SITE};"),
        ("/etc/ssl/tipmonitor/fullchain.pem", str(cert)),
        ("/etc/ssl/tipmonitor/privkey.pem", str(key)),
    ]
    for old, new in replacements:
        assert old in text, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


def main_config(folder: Path, site: Path) -> Path:
    """nginx.conf around the site: nginx's own files in `folder`, not in /var or /run."""
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # reads the test's private folders
    config = folder / "nginx.conf"
    config.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {folder}/access.log;\n"
        f"    client_body_temp_path {temp['body']};\n"
        f"    proxy_temp_path {temp['proxy']};\n"
        f"    fastcgi_temp_path {temp['fastcgi']};\n"
        f"    uwsgi_temp_path {temp['uwsgi']};\n"
        f"    scgi_temp_path {temp['scgi']};\n"
        f"    include {site};\n"
        "}\n"
    )
    return config
