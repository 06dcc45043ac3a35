"""`python -m rasd.spark SRC... --out DIR`, or this file given to spark-submit: the `rasd spark` command."""

from rasd.cli_spark import spark_command

if __name__ == "__main__":
    spark_command(prog_name="python -m rasd.spark")
