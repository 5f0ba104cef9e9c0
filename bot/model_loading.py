"""Rasa 3.6's TensorFlow models (DIET, TED) loaded without a training step (issue 19).

``RasaModel.load`` builds an empty model's weights by *training it for one step* on one
example (``model.fit``), then overwrites them with the saved ones. The training step is
compiled into a TensorFlow graph with its gradients and optimizer updates, which takes most
of a Rasa server's start: 22.5 s of shopbot's model load on 2 cores (TED 19 s, DIET 9 s,
overlapping), against 7.4 s here.

Here the weights are built by computing the loss of that one example once, eagerly (every
layer training creates is called, so every weight exists with its shape); the saved weights
are then restored (the optimizer's slots are not rebuilt: a loaded model is never trained
further, and ``finetune_mode`` keeps Rasa's own load). The rest is Rasa's: the same
``compile``, the same ``load_weights``, the same first prediction that traces the inference
graph. ``tests/bot/test_model_loading.py`` checks that both loads of the shipped model give
the same intent rankings and the same dialogue predictions.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

__all__ = ["ORIGINAL_LOAD", "install", "load_without_training_step"]

#: Rasa's ``RasaModel.load`` (the underlying function), kept for ``finetune_mode``.
ORIGINAL_LOAD = RasaModel.__dict__["load"].__func__


def load_without_training_step(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: RasaModelData,
    predict_data_example: RasaModelData | None = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """``RasaModel.load`` with the weights built by one eager loss computation."""
    if finetune_mode:  # further training needs the optimizer's state: Rasa's own way
        return ORIGINAL_LOAD(  # type: ignore[no-any-return]
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
            *args, **kwargs,
        )  # fmt: skip
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(  # type: ignore[attr-defined]
            config.get(LEARNING_RATE, 0.001)
        ),
        run_eagerly=config.get(RUN_EAGERLY),
    )
    batch_in, _ = RasaBatchDataGenerator(model_data_example, batch_size=1)[0]
    model._training = True
    model.batch_loss(batch_in)  # creates every weight that training creates
    model._training = False
    # The optimizer's slots in the checkpoint stay unread on purpose.
    model.load_weights(model_file_name).expect_partial()
    if predict_data_example:
        # As Rasa does: the first prediction traces the inference graph.
        model.run_inference(predict_data_example)
    return model


def install() -> None:
    """Put the replacement in place (idempotent)."""
    RasaModel.load = classmethod(load_without_training_step)  # type: ignore[method-assign,assignment]
