/// The OCI Distribution client and the embedded registry (placeholder until the module lands).
enum RegistryModule {}
