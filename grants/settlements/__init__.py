"""settlements"""
