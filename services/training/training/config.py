"""The training service's settings: ``BLP_TRAINING_*`` environment variables."""

from decimal import Decimal
from typing import ClassVar

from pydantic import Field

from shared.config import ServiceSettings, data_dir, settings_config


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "training"
    model_config = settings_config("training")

    port: int = 8083

    evidence_dir: str = Field(
        default="",
        description="where uploaded certification evidence is stored (default: "
        "<data dir>/training-evidence); a volume in compose",
    )

    badge_key_file: str = Field(
        default="",
        description="the Ed25519 key (PKCS#8 PEM) badges are signed with, created on first "
        "use (default: <data dir>/training-badge-key.pem)",
    )

    graduation_threshold_percent: Decimal = Field(
        default=Decimal("80"),
        ge=0,
        le=100,
        description="the plan implementation (training needs fulfilled / planned, in percent) "
        "a company of a cohort in review must reach to graduate",
    )

    def model_post_init(self, __context: object) -> None:
        super().model_post_init(__context)
        if not self.evidence_dir:
            self.evidence_dir = str(data_dir() / "training-evidence")
        if not self.badge_key_file:
            self.badge_key_file = str(data_dir() / "training-badge-key.pem")
