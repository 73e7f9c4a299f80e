//! What the crate's ONNX models share: each is planned once for one concrete input shape (tract
//! runs a concrete plan several times faster than a symbolic one, docs/card-front-ocr.md §3) and
//! run on one NCHW f32 input.

use std::fmt::Display;
use std::path::Path;
use std::sync::Arc;

use tract_onnx::prelude::*;

use super::FaceError;

pub(crate) type Plan = Arc<TypedRunnableModel>;

/// Loads the ONNX file at `path` and plans it for inputs of `shape`.
pub(crate) fn plan(path: &Path, shape: [usize; 4]) -> TractResult<Plan> {
    onnx()
        .model_for_path(path)?
        .with_input_fact(0, f32::fact(shape).into())?
        .into_optimized()?
        .into_runnable()
}

/// Runs `model` on `input`, laid out as `shape`: its outputs.
pub(crate) fn run(
    model: &Plan,
    shape: [usize; 4],
    input: &[f32],
) -> Result<TVec<TValue>, FaceError> {
    let tensor = Tensor::from_shape(&shape, input).map_err(inference)?;
    model.run(tvec!(tensor.into())).map_err(inference)
}

/// The first output of [`run`]; `what` names the model in the error.
pub(crate) fn run_first(
    model: &Plan,
    shape: [usize; 4],
    input: &[f32],
    what: &str,
) -> Result<TValue, FaceError> {
    run(model, shape, input)?
        .into_iter()
        .next()
        .ok_or_else(|| FaceError::Inference(format!("no {what} output")))
}

/// An output's values (every model here gives f32).
pub(crate) fn floats(value: &TValue) -> Result<tract_ndarray::ArrayViewD<'_, f32>, FaceError> {
    value.to_plain_array_view::<f32>().map_err(inference)
}

fn inference(e: impl Display) -> FaceError {
    FaceError::Inference(e.to_string())
}
