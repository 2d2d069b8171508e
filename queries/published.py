"""The Starlette routes that put queries.resolver on the server: the paths of the published graph
(`/id/...`, `/ontology`, `/dataset`, `/.well-known/void`, `/dump/...` and the static site's pages
they link to), each answered by a resolve function the command line hands over.

Mount: `routes = [...] + published_routes(resolve)` in queries.server.create_app, with
`resolve = graph.cli.site_command.resolver_for_nquads(nquads).resolve` made by `vdg serve`."""

from __future__ import annotations

from typing import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from queries.resolver import Answer

#: the paths the resolver answers (the server keeps `/`, `/sparql`, `/view`, `/static/...` for itself)
PATHS = ("/id/{rest:path}", "/ontology", "/ontology/", "/ontology/index.html", "/dataset", "/dataset.html",
         "/.well-known/void", "/void.ttl", "/dump/{name}", "/class/{name}", "/index.html", "/graph.html")


def published_routes(resolve: Callable[[str, str | None], Answer]) -> list[Route]:
    """GET and HEAD routes for PATHS, each answered by resolve(path, Accept header) in a worker thread
    (an entity page is drawn on first request, its charts by matplotlib)."""

    async def published(request: Request) -> Response:
        answer = await run_in_threadpool(resolve, request.url.path, request.headers.get("accept"))
        headers = {**answer.headers, "X-Content-Type-Options": "nosniff"}
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type, headers=headers)

    return [Route(path, published, methods=["GET", "HEAD"]) for path in PATHS]
