"""A miniature Agent Zero web UI: enough to start, report its version and stop."""

import argparse
import json
import os
import subprocess
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import a0dep

import initialize

APP_DIR = os.path.dirname(os.path.abspath(__file__))


def version():
    if os.path.exists(os.path.join(APP_DIR, ".git")):
        try:
            described = subprocess.run(
                ["git", "describe", "--tags"],
                cwd=APP_DIR, capture_output=True, text=True, timeout=10, check=True,
            )
            return described.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        with open(os.path.join(APP_DIR, "VERSION"), encoding="utf-8") as file:
            return file.read().strip()
    except OSError:
        return "unknown"


# Knobs for a0's own tests and demo (a real Agent Zero has none): SAMPLE_APP_HEALTH=unhealthy answers 503 forever,
# SAMPLE_APP_UNHEALTHY_AFTER=N answers 503 once it has run N seconds, SAMPLE_APP_SPAWN=1 starts a long-lived child
# process, as apps that run helpers do.
UNHEALTHY = os.environ.get("SAMPLE_APP_HEALTH") == "unhealthy"
UNHEALTHY_AFTER = float(os.environ.get("SAMPLE_APP_UNHEALTHY_AFTER", "inf"))
STARTED = time.monotonic()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?")[0] != "/api/health":
            self.send_error(404)
            return
        if UNHEALTHY or time.monotonic() - STARTED > UNHEALTHY_AFTER:
            self.send_error(503)
            return
        body = json.dumps({"status": "ok", "version": version(), "dependency": a0dep.hello()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description="Agent Zero (sample)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_UI_PORT", "50001")))
    args = parser.parse_args()
    initialize.initialize_agent()
    if os.environ.get("SAMPLE_APP_SPAWN") == "1":
        subprocess.Popen(["sleep", "600"])
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"Agent Zero {version()} listening on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
