import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="mb-2 text-2xl font-semibold">Not allowed</h1>
      <p className="mb-6 text-slate-700">
        Your role does not give access to this page. If you think it should, ask your project lead or an administrator.
      </p>
      <Link href="/" className="font-medium text-indigo-700 hover:underline">
        Back to your home page
      </Link>
    </main>
  );
}
