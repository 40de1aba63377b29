//! Reading an OpenAPI document held as JSON: typed field access (`node`),
//! the operation walk, `$ref` resolution and JSON pointers (`openapi_walk`),
//! from the `openapi-model` crate the workspace tests share.

pub use openapi_model::node;
pub use openapi_model::walk as openapi_walk;
