<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Press Releases | Office of the Attorney General</title></head>
<body>
<main>
<h1>Press Releases</h1>
<article><h2><a href="/news/1">Attorney General Sues Robocall Company for Illegal Calls to Consumers</a></h2><p>May 2, 2024 — The Attorney General today filed a lawsuit against a company that placed millions of illegal robocalls to consumers across the state.</p></article>
<article><h2><a href="/news/2">Attorney General Secures Settlement With Online Lender</a></h2><p>May 1, 2024 — The Attorney General today announced a settlement with an online lender that charged interest rates above the legal limit.</p></article>
<article><h2><a href="/news/3">Attorney General Warns Consumers About Storm Repair Scams</a></h2><p>April 29, 2024 — As spring storms move through the state, the Attorney General urges homeowners to be careful with contractors who knock on doors.</p></article>
<article><h2><a href="/news/4">Attorney General Joins Coalition Defending Clean Water Rule</a></h2><p>April 25, 2024 — The Attorney General joined a coalition of states defending a federal rule that protects rivers and streams.</p></article>
</main>
</body>
</html>
