/// The union filesystem: a merged view of a stack of layer diff folders (module placeholder,
/// replaced by the union view).
enum UnionFSModule {}
