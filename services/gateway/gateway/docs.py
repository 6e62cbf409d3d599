"""The API docs UI: Swagger UI 5 on the merged OpenAPI 3.1 document, served by the gateway.

Ministry networks may have no internet access, so every asset is a file of this package
(docs_assets/, Swagger UI's own npm distribution, see its README) and nothing comes from a
CDN. Swagger UI 4 cannot read OpenAPI 3.1; 5 can. Operation ids are shown: they are the
names generated clients give their methods (``shared.openapi``).
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

SWAGGER_UI_VERSION = "5.35.0"
ASSETS_PATH = "/docs/assets"
ASSETS_DIR = Path(__file__).parent / "docs_assets"
assets = StaticFiles(directory=ASSETS_DIR)

# BaseLayout, not the standalone preset's top bar: that bar only offers to load another
# document by URL. validatorUrl null: the default validator badge calls validator.swagger.io.
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>BLP platform API</title>
  <link rel="icon" type="image/png" sizes="32x32" href="{assets}/favicon-32x32.png">
  <link rel="icon" type="image/png" sizes="16x16" href="{assets}/favicon-16x16.png">
  <link rel="stylesheet" href="{assets}/swagger-ui.css?v={version}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js?v={version}"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "/openapi.json",
      dom_id: "#swagger-ui",
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      deepLinking: true,
      displayOperationId: true,
      displayRequestDuration: true,
      filter: true,
      validatorUrl: null
    }});
  </script>
</body>
</html>
"""


def docs_page() -> HTMLResponse:
    return HTMLResponse(PAGE.format(assets=ASSETS_PATH, version=SWAGGER_UI_VERSION))
