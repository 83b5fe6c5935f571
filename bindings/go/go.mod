module microwasm

go 1.19
