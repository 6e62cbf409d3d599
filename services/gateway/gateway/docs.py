"""The API docs UI, with Swagger UI's assets served by the gateway itself.

Ministry networks may have no internet access, so nothing is loaded from a CDN. Operation
ids are shown: they are the names generated clients give their methods (``shared.openapi``).
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

ASSETS_PATH = "/docs/assets"
assets = StaticFiles(directory=Path(swagger_ui_bundle.swagger_ui_path))

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>BLP platform API</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script src="{assets}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "/openapi.json",
      dom_id: "#swagger-ui",
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
      deepLinking: true,
      displayOperationId: true,
      validatorUrl: null
    }});
  </script>
</body>
</html>
"""


def docs_page() -> HTMLResponse:
    return HTMLResponse(PAGE.format(assets=ASSETS_PATH))
