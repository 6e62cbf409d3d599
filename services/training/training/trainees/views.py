"""Read models of trainees."""

from __future__ import annotations

from training.trainees.models import Trainee
from training.trainees.schemas import TraineeRead


def trainee_read(trainee: Trainee) -> TraineeRead:
    return TraineeRead.model_validate(trainee, from_attributes=True)
