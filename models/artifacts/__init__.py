"""The shipped starter models, signed by the starter key in resources/model_publishers.json.

Made by ``python -m models.train --data ../shared/data/credit/credit_data/credit_data.csv
--spec models/specs/credit_data.toml --out models/artifacts --key PUBLISHER.pem``; the
publisher's private key is kept off the repository.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
CHAMPION = FOLDER / "model.onnx"
CHALLENGER = FOLDER / "challenger.onnx"
