"""Demo data: each app may have a `demo.py` with `build(ctx: DemoContext)`, run in app order."""

import importlib
import io
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@dataclass
class DemoContext:
    """What the builders share and what `demo --json` prints."""

    users: list = field(default_factory=list)
    sellers: list = field(default_factory=list)
    objects: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"users": self.users, "sellers": self.sellers}


def demo_builders():
    """The `build` functions of pazar's apps that have a demo module, in INSTALLED_APPS order."""
    builders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("pazar."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "build"):
            builders.append(module.build)
    return builders


def demo_image(path: str, color: tuple[int, int, int], size: tuple[int, int] = (101, 80)) -> str:
    """Write a small solid PNG at `path` in media storage once; return the stored name."""
    if default_storage.exists(path):
        return path
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return default_storage.save(path, ContentFile(buffer.getvalue()))
