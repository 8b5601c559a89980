import type { Metadata } from 'next';
import { CreateUserForm } from '@/components/admin/create-user-form';
import { UserRowActions } from '@/components/admin/user-row-actions';
import { Card } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/session';
import { findUsers } from '@/lib/users/find-users';
import { createUserAction, setUserActiveAction, setUserRoleAction } from './actions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const admin = await requireRole('ADMIN');
  const users = await findUsers();
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">Users</h1>
        <Card>
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">Name</th>
                <th className="py-2">Email</th>
                <th className="py-2">Role and status</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-t border-slate-100 align-top" data-testid={`user-row-${u.email}`}>
                  <td className="py-2">
                    {u.name}
                    {!u.hasPassword ? <span className="ml-2 text-xs text-amber-700">no password</span> : null}
                  </td>
                  <td className="py-2">{u.email}</td>
                  <td className="py-2">
                    <UserRowActions
                      user={{ id: u.id, email: u.email, role: u.role, active: u.active }}
                      isSelf={u.id === admin.id}
                      setRole={setUserRoleAction}
                      setActive={setUserActiveAction}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
      <Card title="New user">
        <CreateUserForm action={createUserAction} />
      </Card>
    </div>
  );
}
