//! Reading an OpenAPI document held as JSON: typed field access (`node`),
//! the operation walk, `$ref` resolution and JSON pointers (`openapi_walk`).

pub mod node;
pub mod openapi_walk;
