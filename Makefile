# Thin aliases for ./dev, which works on a machine without make.
.PHONY: run test bench lint doctor
run test bench lint doctor:
	./dev $@ $(ARGS)
