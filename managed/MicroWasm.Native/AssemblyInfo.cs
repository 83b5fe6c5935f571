// Exports take and return C types only; with runtime marshalling off, bool is C's one-byte bool and nothing is
// marshalled behind our back.
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
