"""symdiff: symbolic differentiation engine."""
