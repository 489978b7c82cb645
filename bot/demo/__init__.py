"""`dondoc demo`: the real bot, a fake Bot API on 127.0.0.1, a temporary database and a scripted morning
in a ward's People's Committee, printed as the chat transcript each person would see."""

from bot.demo.script import STEPS, DemoResult, play

__all__ = ["STEPS", "DemoResult", "play"]
