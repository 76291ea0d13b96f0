# Thin aliases for ./dev, which works on a machine without make.
.PHONY: run test bench lint doctor screenshots soak
run test bench lint doctor screenshots soak:
	./dev $@ $(ARGS)
