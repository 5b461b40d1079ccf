"""ctypes declarations of libvnplan's public API (extract/include/vnplan.h)
that the binding uses."""
import ctypes
import ctypes.util
import glob
import os

API_MINOR = "0.2"  # the binding is written for vnplan 0.2.x


class Error(ctypes.Structure):
    """struct vnp_error (fixed: it never grows)."""
    _fields_ = [("status", ctypes.c_int), ("line", ctypes.c_size_t), ("column", ctypes.c_size_t),
                ("offset", ctypes.c_size_t), ("message", ctypes.c_char * 200)]


class Options(ctypes.Structure):
    """struct vnp_options as of 0.2.0. It grows at its end: `size` tells the
    library how much of it this binding fills (new() sets it), and the
    library gives the fields past it their defaults."""
    _fields_ = [("size", ctypes.c_size_t), ("flags", ctypes.c_uint), ("form", ctypes.c_int),
                ("grammar_dir", ctypes.c_char_p), ("encoding", ctypes.c_char_p),
                ("allocator", ctypes.c_void_p)]

    @classmethod
    def new(cls, flags=0):
        return cls(size=ctypes.sizeof(cls), flags=flags)


def _candidates():
    env = os.environ.get("VNPLAN_LIBRARY")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    found = sorted(glob.glob(os.path.join(here, "libvnplan.so*")))
    return found + [ctypes.util.find_library("vnplan") or "libvnplan.so.1"]


def load():
    tried = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            tried.append(str(e))
    else:
        raise ImportError("vnplan: libvnplan not found (set VNPLAN_LIBRARY): " + "; ".join(tried))
    p = ctypes.c_void_p
    lib.vnp_version.restype = ctypes.c_char_p
    lib.vnp_version.argtypes = []
    version = lib.vnp_version().decode()
    if not (version + ".").startswith(API_MINOR + "."):
        raise ImportError("vnplan: libvnplan %s, this binding needs %s.x" % (version, API_MINOR))
    lib.vnp_parse.restype = ctypes.c_int
    lib.vnp_parse.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                              ctypes.POINTER(Options), ctypes.POINTER(p), ctypes.POINTER(Error)]
    lib.vnp_parse_file.restype = ctypes.c_int
    lib.vnp_parse_file.argtypes = [ctypes.c_char_p, ctypes.POINTER(Options), ctypes.POINTER(p),
                                   ctypes.POINTER(Error)]
    lib.vnp_write_json.restype = ctypes.c_int
    lib.vnp_write_json.argtypes = [p, ctypes.c_uint, ctypes.POINTER(p), ctypes.POINTER(ctypes.c_size_t)]
    lib.vnp_document_free.restype = None
    lib.vnp_document_free.argtypes = [p]
    lib.vnp_free.restype = None
    lib.vnp_free.argtypes = [p]
    lib.vnp_status_string.restype = ctypes.c_char_p
    lib.vnp_status_string.argtypes = [ctypes.c_int]
    return lib
