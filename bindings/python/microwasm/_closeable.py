"""What owns a C handle: closed at the end of a `with` block, or when garbage-collected."""


class Closeable:
    def close(self):
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_handle", None):
            self.close()
