"""An AsyncAPI 3.0 document generated from the event catalogue (``blp asyncapi``).

The catalogue is the source of truth; this document is how other teams read it.
"""

from __future__ import annotations

from typing import Any

from shared.events import CATALOGUE
from shared.events.base import CloudEvent
from shared.events.examples import EXAMPLES
from shared.messaging.streams import stream_name


def document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {"CloudEvent": CloudEvent.model_json_schema()}
    examples = {e.event_type: CloudEvent.wrap(e).model_dump(mode="json") for e in EXAMPLES}
    for event_type, model in sorted(CATALOGUE.items()):
        key = event_type.replace(".", "_")
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[key] = schema
        messages[key] = {
            "name": event_type,
            "title": model.__name__,
            "summary": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
            "contentType": "application/cloudevents+json",
            "payload": {
                "allOf": [
                    {"$ref": "#/components/schemas/CloudEvent"},
                    {
                        "properties": {
                            "data": {"$ref": f"#/components/schemas/{key}"},
                            "type": {"const": event_type},
                        }
                    },
                ]
            },
            "x-subject-field": model.subject_field,
        }
        if event_type in examples:
            messages[key]["examples"] = [{"name": model.__name__, "payload": examples[event_type]}]
        channels[key] = {
            "address": event_type,
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
            "x-stream": stream_name(model.producer()),
        }
        operations[f"publish_{key}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{key}"},
            "x-producer": model.producer(),
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "BLP platform events",
            "version": "1.0.0",
            "description": "Domain events on NATS JetStream, CloudEvents 1.0 structured "
            "JSON; the subject equals the event type.",
        },
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
