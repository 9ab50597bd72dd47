"""Reads tensors from a PyTorch `state_dict` file without importing torch.

Supports both layouts `torch.save` has written: the zip archive (PyTorch
1.6 and later) and the older stream of pickles followed by raw storages (in
which the FID Inception weights were published). Only plain tensors in
(ordered) dicts are rebuilt; any other object in the pickle is refused, so a
file cannot run code when it is read.
"""

import collections
import pickle
import struct
import zipfile

import numpy as np

_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}

_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C


class _StorageType:
    def __init__(self, name):
        if name not in _DTYPES:
            raise ValueError(
                f"Expected tensors of a numpy-compatible type "
                f"({', '.join(sorted(_DTYPES))}). Received: torch.{name}"
            )
        self.dtype = np.dtype(_DTYPES[name])


class _Storage:
    def __init__(self, key, storage_type):
        self.key = key
        self.dtype = storage_type.dtype
        self.data = None


class _LazyTensor:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset = storage, offset
        self.size, self.stride = tuple(size), tuple(stride)

    def materialize(self):
        flat = self.storage.data
        item = flat.itemsize
        view = np.lib.stride_tricks.as_strided(
            flat[self.offset :],
            shape=self.size,
            strides=[s * item for s in self.stride],
        )
        return np.array(view)


def _rebuild_tensor(storage, offset, size, stride, *unused):
    return _LazyTensor(storage, offset, size, stride)


def _rebuild_parameter(data, requires_grad, backward_hooks, *unused):
    return data


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, storages):
        super().__init__(file)
        self._storages = storages

    def find_class(self, module, name):
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor
        if module == "torch._utils" and name == "_rebuild_parameter":
            return _rebuild_parameter
        if module == "torch" and name.endswith("Storage"):
            return _StorageType(name)
        raise pickle.UnpicklingError(
            "Expected a file of plain tensors (a state_dict). Received: a "
            f"pickle that refers to {module}.{name}"
        )

    def persistent_load(self, pid):
        # ("storage", storage_type, key, location, numel[, view_metadata])
        if not isinstance(pid, tuple) or pid[0] != "storage":
            raise pickle.UnpicklingError(f"Unexpected persistent id {pid!r}")
        storage_type, key = pid[1], str(pid[2])
        if key not in self._storages:
            self._storages[key] = _Storage(key, storage_type)
        return self._storages[key]


def _materialize(obj):
    if isinstance(obj, _LazyTensor):
        return obj.materialize()
    if isinstance(obj, dict):
        return collections.OrderedDict(
            (k, _materialize(v)) for k, v in obj.items()
        )
    return obj


def _load_zip(path):
    storages = {}
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pickles = [n for n in names if n.endswith("/data.pkl")]
        if len(pickles) != 1:
            raise ValueError(
                f"Expected one data.pkl in the torch archive. Received: "
                f"{path!r} with {pickles}"
            )
        prefix = pickles[0][: -len("data.pkl")]
        with archive.open(pickles[0]) as f:
            obj = _Unpickler(f, storages).load()
        order = "little"
        if prefix + "byteorder" in names:
            order = archive.read(prefix + "byteorder").decode().strip()
        for key, storage in storages.items():
            raw = archive.read(f"{prefix}data/{key}")
            dtype = storage.dtype.newbyteorder(
                "<" if order == "little" else ">"
            )
            storage.data = np.frombuffer(raw, dtype).astype(storage.dtype)
    return obj


def _load_legacy(path):
    storages = {}
    with open(path, "rb") as f:
        magic = pickle.load(f)
        if magic != _LEGACY_MAGIC:
            raise ValueError(
                "Expected a file written by torch.save. "
                f"Received: {path!r}, which is neither a zip archive nor a "
                "legacy torch file"
            )
        pickle.load(f)  # protocol version
        pickle.load(f)  # system info (byte order, type sizes)
        obj = _Unpickler(f, storages).load()
        keys = pickle.load(f)
        for key in keys:
            (numel,) = struct.unpack("<q", f.read(8))
            storage = storages[str(key)]
            raw = f.read(numel * storage.dtype.itemsize)
            storage.data = np.frombuffer(raw, storage.dtype.newbyteorder("<"))
            storage.data = storage.data.astype(storage.dtype)
    return obj


def load_torch_state_dict(path):
    """Reads a `state_dict` saved with `torch.save` as numpy arrays.

    Args:
        path: the `.pth`/`.pt` file.

    Returns:
        An ordered dict from parameter names to numpy arrays.
    """
    if zipfile.is_zipfile(path):
        obj = _load_zip(path)
    else:
        obj = _load_legacy(path)
    obj = _materialize(obj)
    if not isinstance(obj, dict):
        raise ValueError(
            f"Expected a state_dict (a dict of tensors). Received: a "
            f"{type(obj).__name__} in {path!r}"
        )
    return obj
